import type { Client, Webhook } from 'pikepay';

/** A project registered in a running sandbox, with its fresh key pair and ready client. */
export interface SandboxProject {
  name: string;
  /** PKCS#8 PEM. */
  privateKey: string;
  /** SPKI PEM, registered with the sandbox. */
  publicKey: string;
  /** A `pikepay` Client of this project, pointed at the sandbox. */
  client: Client;
  /** Verifies this sandbox's webhooks. */
  webhook: Webhook;
}

/** A running `pikepay-sandbox serve` child process. */
export declare class Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the client's `baseUrl`. */
  readonly url: string;
  /** PEM of the key that verifies this sandbox's webhooks. */
  readonly publicKeyPem: string;
  /** Calls the control API (`/_sandbox/...`); resolves to parsed JSON, or text. */
  control(method: string, route: string, body?: unknown): Promise<any>;
  /** Registers a project with a fresh key pair; `settings` are further fields of `POST /_sandbox/projects`. */
  newProject(settings?: Record<string, unknown>): Promise<SandboxProject>;
  /** Stops the sandbox and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Further `pikepay-sandbox serve` options, e.g. `['--webhook-retry-ms', '50,100']`. */
  args?: string[];
  /** How long to wait for the sandbox to listen (default 30000). */
  timeoutMs?: number;
}

/** Starts `pikepay-sandbox serve` on a free port of 127.0.0.1. */
export declare function startSandbox(options?: StartOptions): Promise<Sandbox>;

/** The absolute path of the `pikepay-sandbox` executable for this machine. */
export declare function binaryPath(): string;
