export declare const TEMPORAL_CLI_VERSION: string;
export declare function temporalCacheDir(): string;
export declare function onPath(name: string): string | undefined;
export declare function findTemporalCli(): {
  path: string | undefined;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache';
  cached?: string;
};
export declare function chromiumPath(): string;
export declare function chromiumPresent(): boolean;
