#!/usr/bin/env bash
# The same suite against Node-RED 5, which needs Node 22: Node-RED 5 is installed beside the
# project (.nr5/, git-ignored) and the tests find it through WES_NODE_RED_PATH; Node 22 comes
# from the npm registry's `node` package, so nothing is installed system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
NR5_VERSION="${NR5_VERSION:-5.0.7}"
NODE22="npx -y -p node@22"
if [ "$(node -e "try{console.log(require('./.nr5/node_modules/node-red/package.json').version)}catch{}")" != "$NR5_VERSION" ]; then
  mkdir -p .nr5
  echo '{ "private": true }' > .nr5/package.json
  $NODE22 npm install --prefix .nr5 --no-audit --no-fund --loglevel=error "node-red@$NR5_VERSION"
fi
npm run build
export WES_NODE_RED_PATH
WES_NODE_RED_PATH="$(node -e "console.log(require.resolve('node-red', { paths: ['.nr5'] }))")"
echo "Node-RED $($NODE22 node -e "console.log(require('./.nr5/node_modules/node-red/package.json').version)") on Node $($NODE22 node --version)"
$NODE22 node scripts/run-tests.mjs "$@"
