// Type test of the ES module entry: named and default imports.
import pikepay, { Client, Webhook, PikepayError, OutcomeUnknownError, DEMO_URL } from 'pikepay';

const client: Client = new pikepay.Client({ project: 'p', privateKey: 'pem', baseUrl: DEMO_URL });
const same: typeof Client = pikepay.Client;
const webhook: Webhook = new Webhook('pem');
const isBase: boolean = new OutcomeUnknownError('x') instanceof PikepayError;
void [client, same, webhook, isBase];
