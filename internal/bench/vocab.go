package bench

// The word lists the corpus draws from. Their sizes shape how well the
// corpus compresses, so they are kept close to what real services log: a
// few dozen distinct values per field.

type service struct {
	name       string
	operations []string
}

var services = []service{
	{"checkout", []string{"CreateOrder", "CapturePayment", "ApplyCoupon"}},
	{"catalog", []string{"GetProduct", "ListProducts", "SearchProducts"}},
	{"accounts", []string{"Login", "Logout", "ResetPassword", "UpdateProfile"}},
	{"billing", []string{"CreateInvoice", "ChargeCard", "RefundPayment"}},
	{"inventory", []string{"ReserveStock", "ReleaseStock", "GetStockLevel"}},
	{"shipping", []string{"CreateShipment", "TrackShipment"}},
	{"notifications", []string{"SendEmail", "SendSMS", "SendPush"}},
	{"search", []string{"Query", "Suggest", "ReindexDocument"}},
}

var (
	levels       = []string{"INFO", "DEBUG", "WARN", "ERROR"}
	levelWeights = []int{70, 12, 12, 6}

	logTypes       = []string{"App", "Access", "Audit", "System", "Security"}
	logTypeWeights = []int{70, 10, 8, 7, 5}

	messages = map[string][]string{
		"INFO": {
			"request completed", "order created", "payment captured", "user logged in",
			"cache refreshed", "session started", "item added to cart", "invoice sent",
		},
		"DEBUG": {
			"cache lookup", "query plan selected", "retrying idempotent call", "feature flag evaluated",
		},
		"WARN": {
			"slow downstream response", "rate limit approaching", "invalid input rejected",
			"token about to expire", "permission denied",
		},
		"ERROR": {
			"database timeout", "upstream returned 502", "payment declined by processor",
			"unhandled exception in handler", "connection reset by peer",
		},
	}

	regions       = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"}
	resourceTypes = []string{"Order", "Payment", "User", "Invoice", "Product", "Shipment", "Session", "ApiKey"}

	firstNames = []string{
		"ana", "bruno", "carla", "diego", "elena", "felipe", "gabriela", "hugo", "ines", "juan",
		"karen", "luis", "maria", "nicolas", "olga", "pedro", "quentin", "rosa", "sofia", "tomas",
	}
	lastNames = []string{
		"silva", "garcia", "martinez", "lopez", "gonzalez", "perez", "sanchez", "ramirez", "torres", "flores",
		"rivera", "gomez", "diaz", "reyes", "morales", "ortiz", "castro", "vargas", "romero", "herrera",
	}

	lambdaMessages = []string{
		"processing batch", "record transformed", "message published", "invocation finished",
		"fetching configuration", "downstream call succeeded",
	}
	functions = []string{"orders-consumer", "thumbnail-resizer", "report-builder", "webhook-dispatcher"}

	httpMethods       = []string{"GET", "POST", "PUT", "DELETE"}
	httpMethodWeights = []int{70, 20, 6, 4}
	paths             = []string{
		"/", "/api/orders", "/api/products", "/api/users", "/api/cart", "/static/app.js",
		"/static/style.css", "/login", "/logout", "/health",
	}
	httpStatuses      = []int{200, 201, 304, 404, 500, 503}
	httpStatusWeights = []int{80, 3, 5, 7, 3, 2}
	userAgents        = []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"curl/8.5.0",
		"Go-http-client/1.1",
		"python-requests/2.32.3",
	}
)
