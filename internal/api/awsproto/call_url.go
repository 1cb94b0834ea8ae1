package awsproto

// BaseURL is scheme://host of the URL the request came in on, for links a
// service hands out that must lead back to this server.
func (c *Call) BaseURL() string {
	scheme := "http"
	if c.req.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.req.Host
}
