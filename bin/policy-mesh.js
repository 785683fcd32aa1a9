#!/usr/bin/env node
// The `policy-mesh` command (package.json "bin"): builds dist/ first when run from a source checkout
// whose sources changed, then runs the CLI.
'use strict';
require('../tools/ensure-built').ensureBuilt();
require('../dist/apps/cli/src/main.js');
