/** The custom-elements manifest, trimmed to the public API (see manifest-plugin.ts). */
declare module 'virtual:rtc-elements/custom-elements' {
  const manifest: {
    schemaVersion: string;
    modules: Array<{
      declarations?: Array<{ tagName?: string; events?: Array<{ name: string }> } & Record<string, unknown>>;
    }>;
  };
  export default manifest;
}
