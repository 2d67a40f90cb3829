import { defineConfig } from "./generator/config.ts";

/** The default generation: Stripe's six session resources and everything they reference. */
export default defineConfig({
  spec: "spec/stripe-2024-04-10.json",
  out: "generated",
  select: [
    "identity.verification_session",
    "checkout.session",
    "billing_portal.session",
    "financial_connections.session",
    "account_session",
    "customer_session",
  ],
  enums: "open",
  docsBaseUrl: "https://stripe.com",
});
