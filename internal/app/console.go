package app

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/console"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
	"github.com/openwatch/openwatch/internal/service/dashboards"
	"github.com/openwatch/openwatch/internal/service/livetail"
)

// mountConsole serves the web console on the API's port: its pages, its
// sessions and share links, live tail from hub, and the AWS door over the
// same services as SigV4 requests. Live tails end when the server drains.
func (a *App) mountConsole(hub *livetail.Hub, dash *dashboards.Service) error {
	h, err := console.New(console.Options{
		Auth:       consoleauth.New(a.cat, a.accounts.Lookup, consoleauth.Options{Logger: a.log}),
		Tail:       hub,
		Dashboards: dash,
		Door:       a.root.Door,
		Services:   a.root.Services(),
		Logger:     a.log,
	})
	if err != nil {
		return fmt.Errorf("cannot build the web console: %w", err)
	}
	a.root.MountConsole(h)
	a.srv.RegisterOnShutdown(h.Shutdown)
	return nil
}

// ConsoleUsers manages the web console's users in the data directory.
func (a *Admin) ConsoleUsers() *consoleauth.Service {
	return consoleauth.New(a.cat, a.Lookup, consoleauth.Options{})
}
