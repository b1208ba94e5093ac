// Types of scripts/server-runtime.mjs (plain JavaScript: `npm start` runs it without tsx).
export declare const PROJECT_ROOT: string;
export declare const BUNDLE_DIR: string;
export declare const SERVER_BUNDLE: string;
export declare const SERVER_NODE_FLAGS: string[];
export declare const SERVER_MEMORY_ENV: Record<string, string>;
export declare function serverEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function bundleServer(): Promise<string>;
