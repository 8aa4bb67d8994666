// Types of the ES module entry (index.mjs): the same names as index.d.ts, plus a default
// export holding all of them.
export * from './index.js';
import * as pikepay from './index.js';
export default pikepay;
