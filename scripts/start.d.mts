// Types of scripts/start.mjs (plain JavaScript so that `npm start` needs no type stripping).

/** Why the bundle must not run, or undefined when every bundled input is unchanged. */
export declare function staleReason(root: string, bundleFile: string, manifestFile: string): string | undefined;
