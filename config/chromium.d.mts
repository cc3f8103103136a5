export declare const DEFAULT_CHROMIUM_PATH: string;
export declare function chromiumPath(): string;
