// @ts-check
'use strict';
// A payout, a card payment and its refund, printed as a short transcript.
//
//   PIKEPAY_BASE_URL=http://127.0.0.1:8080 PIKEPAY_PROJECT=shop \
//   PIKEPAY_PRIVATE_KEY_PATH=private.pem node payout-flow.js
//
// Webhooks tell a real integration when to confirm; this script polls with
// `sessions.wait` instead, so it runs without a public URL.
const fs = require('node:fs');
const { Client, PikepayError } = require('pikepay');

const client = new Client({
  project: String(process.env.PIKEPAY_PROJECT),
  privateKey: fs.readFileSync(String(process.env.PIKEPAY_PRIVATE_KEY_PATH)),
  baseUrl: process.env.PIKEPAY_BASE_URL,
});

/** @param {import('pikepay').Session} session */
function show(session) {
  const items = [...(session.payout_list ?? []), ...(session.payment_list ?? [])];
  const parts = items.map((i) => `${i.id} ${i.status}${i.refunds?.length ? ` refunds=${i.refunds.map((r) => r.status).join(',')}` : ''}`);
  return `${session.id} ${session.status}${session.next_action ? ` next=${session.next_action}` : ''} [${parts.join('; ')}]`;
}

/**
 * Waits until Pike asks for confirmation, confirms, and waits for the final status.
 * @param {string} sessionId
 */
async function confirmAndFinish(sessionId) {
  const waiting = await client.sessions.wait({ session_id: sessionId }, { until: 'next_action', timeoutMs: 20000 });
  console.log(`  waiting:   ${show(waiting.session)}`);
  if (waiting.session.next_action === 'confirm') {
    const confirmed = await client.sessions.confirm({ session_id: sessionId });
    console.log(`  confirmed: ${show(confirmed.session)}`);
  }
  const done = await client.sessions.wait({ session_id: sessionId }, { until: 'final', timeoutMs: 20000 });
  console.log(`  final:     ${show(done.session)}`);
  return done.session;
}

async function main() {
  const orderId = `order-${Date.now()}`;
  console.log(`payout of 10.00 rub to a card (idempotency key ${orderId}-payout)`);
  const payout = await client.sessions.initPayout(
    {
      payout_details: { type: 'card', card: { type: 'bank_card', bank_card: { number: '4242424242424242' } } },
      amount_details: { amount: 1000, currency: 'rub' },
      participant_details: { recipient: { full_name: 'Ivanov Ivan' } },
    },
    { idempotencyKey: `${orderId}-payout` },
  );
  console.log(`  created:   ${show(payout.session)} key=${payout.idempotencyKey}`);
  await confirmAndFinish(payout.session.id);

  console.log('payment of 25.00 rub by card');
  const payment = await client.sessions.initPayment(
    {
      payment_details: {
        type: 'card',
        card: {
          type: 'bank_card',
          bank_card: { number: '4242424242424242', expiration_month: '12', expiration_year: '30', security_code: '123' },
        },
      },
      amount_details: { amount: 2500, currency: 'rub' },
      customer: { reference: 'customer-7' },
    },
    { idempotencyKey: `${orderId}-payment` },
  );
  console.log(`  created:   ${show(payment.session)}`);
  await confirmAndFinish(payment.session.id);

  console.log('refund of 10.00 rub of that payment');
  const refund = await client.sessions.refund(
    { session_id: payment.session.id, amount_details: { amount: 1000, currency: 'rub' } },
    { idempotencyKey: `${orderId}-refund` },
  );
  console.log(`  refunded:  ${show(refund.session)}`);
  // A refund starts in_progress; its result comes with payment_refunded, and the session
  // is final again once it has settled.
  const status = await client.sessions.wait({ session_id: payment.session.id });
  console.log(`  settled:   ${show(status.session)}`);
}

main().catch((err) => {
  if (err instanceof PikepayError) {
    console.error(`${err.name} (${err.code}): ${err.message}; idempotency key ${err.idempotencyKey}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
