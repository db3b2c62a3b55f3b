// The runtime under test: the project's own node-red (4.x) unless WES_NODE_RED_PATH points at another
// install, which is how `npm run test:nr5` runs the same tests against Node-RED 5.
export function nodeRedPath(): string {
  return process.env.WES_NODE_RED_PATH ?? require.resolve('node-red');
}
