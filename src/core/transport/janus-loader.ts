/**
 * The SFU transport `autoTransport` loads by default, behind an `import()`: Janus's VideoRoom
 * (`transport/janus/`). Until that transport is in the build, the room stays a mesh.
 */
import type { TransportFactory } from './transport.js';

export const janusTransport: TransportFactory = () => {
  throw new Error('This build has no SFU transport (transport/janus/)');
};
