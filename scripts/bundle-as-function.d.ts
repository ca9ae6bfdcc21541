/** The ESM bundle's code as the source of `(async function (importRelative, bundleUrl) {…})`. */
export function bundleAsFunction(code: string): string;
