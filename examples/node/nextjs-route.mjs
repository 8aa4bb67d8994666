// @ts-check
// A Next.js App Router route handler for Pike webhooks: save it as
// `app/pike/webhook/route.js`. Next.js hands it a Fetch API Request; the signature is
// checked over the exact body bytes before anything is parsed. The same function works
// as a `Bun.serve({ fetch })` or Deno handler.
//
//   PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" next dev
import { Webhook, SignatureVerificationError } from 'pikepay';

/** @type {Webhook | undefined} */
let webhook;

/** Your business logic: store the event and act on it once. */
export const handlers = {
  /** @param {import('pikepay').Event} event */
  onEvent: async (event) => {
    console.log(event.type, event.session?.id, event.session?.status);
  },
};

/** @param {Request} request */
export async function POST(request) {
  webhook ??= new Webhook(String(process.env.PIKE_WEBHOOK_PUBLIC_KEY));
  let event;
  try {
    event = await webhook.constructEventFromRequest(request);
  } catch (err) {
    if (err instanceof SignatureVerificationError) return new Response('signature does not match', { status: 400 });
    throw err;
  }
  await handlers.onEvent(event);
  return new Response('ok');
}
