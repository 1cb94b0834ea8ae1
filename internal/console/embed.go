package console

import "embed"

// dist is the built web console (npm run build in web/), committed so the
// binary builds without Node.
//
//go:embed dist
var dist embed.FS
