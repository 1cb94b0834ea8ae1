package awsproto

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/fxamacker/cbor/v2"
)

// RPCv2CBOR is the Smithy RPC v2 CBOR protocol: POST
// /service/<ServiceName>/operation/<Operation> with Smithy-Protocol:
// rpc-v2-cbor, CBOR bodies, errors as a CBOR map {"__type", "message"}.
// Every response carries the Smithy-Protocol header, which some clients
// check before anything else.
type RPCv2CBOR struct {
	// QueryCompatible marks a service that also speaks the query protocol
	// (CloudWatch): errors then carry x-amzn-query-error with the query
	// code, which the SDKs show in place of the exception name.
	QueryCompatible bool
}

const (
	smithyProtocolHeader = "Smithy-Protocol"
	rpcv2CBORProtocol    = "rpc-v2-cbor"
	cborContentType      = "application/cbor"
)

// Decoding limits. fxamacker/cbor checks a body is well formed, and so that
// every declared length is backed by bytes, before it allocates, so memory
// stays proportional to the body; these bound the shapes on top of that.
const (
	cborMaxNestedLevels  = 32
	cborMaxArrayElements = 100_000
	cborMaxMapPairs      = 10_000
)

var (
	cborDec = mustDecMode(cbor.DecOptions{
		MaxNestedLevels:  cborMaxNestedLevels,
		MaxArrayElements: cborMaxArrayElements,
		MaxMapPairs:      cborMaxMapPairs,
		// Duplicate members would make a request mean two things.
		DupMapKey: cbor.DupMapKeyEnforcedAPF,
	})
	cborEnc = mustEncMode(cbor.EncOptions{Sort: cbor.SortCoreDeterministic})

	// cborEncodeFailed stands in for an error whose fields cannot be encoded.
	cborEncodeFailed = mustMarshal(map[string]string{"__type": errInternal.Code, "message": "cannot encode error"})
)

func mustMarshal(v any) []byte {
	b, err := cborEnc.Marshal(v)
	if err != nil {
		panic("BUG: cannot encode a constant CBOR value: " + err.Error())
	}
	return b
}

func mustDecMode(o cbor.DecOptions) cbor.DecMode {
	m, err := o.DecMode()
	if err != nil {
		panic("BUG: invalid CBOR decoding options: " + err.Error())
	}
	return m
}

func mustEncMode(o cbor.EncOptions) cbor.EncMode {
	m, err := o.EncMode()
	if err != nil {
		panic("BUG: invalid CBOR encoding options: " + err.Error())
	}
	return m
}

// Name returns "rpcv2Cbor".
func (p RPCv2CBOR) Name() string { return "rpcv2Cbor" }

// Claims takes POSTs that carry Smithy-Protocol: rpc-v2-cbor, or that have
// no X-Amz-Target and go to an RPC v2 path.
func (p RPCv2CBOR) Claims(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	if proto := r.Header.Get(smithyProtocolHeader); proto != "" {
		return proto == rpcv2CBORProtocol
	}
	if r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	_, _, ok := rpcv2Path(r.URL.Path)
	return ok
}

// Route reads the service and operation from the path.
func (p RPCv2CBOR) Route(r *http.Request, _ []byte) (string, string) {
	svc, op, _ := rpcv2Path(r.URL.Path)
	return svc, op
}

// rpcv2Path splits ".../service/<svc>/operation/<op>"; clients may put a
// prefix of their endpoint before it.
func rpcv2Path(path string) (svc, op string, ok bool) {
	i := strings.LastIndex(path, "/service/")
	if i < 0 {
		return "", "", false
	}
	svc, op, ok = strings.Cut(path[i+len("/service/"):], "/operation/")
	if !ok || svc == "" || op == "" || strings.Contains(svc, "/") || strings.Contains(op, "/") {
		return "", "", false
	}
	return svc, op, true
}

// ServiceKey is the service's TargetPrefix, which is its Smithy name.
func (p RPCv2CBOR) ServiceKey(s *Service) string { return s.TargetPrefix }

// Decode unmarshals a CBOR body (definite or indefinite lengths) into v,
// reading its `json` tags. An empty body is an empty input. Anything the
// decoder refuses is a SerializationException.
func (p RPCv2CBOR) Decode(_ *http.Request, body []byte, v any) error {
	return decodeCBOR(body, v)
}

func decodeCBOR(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	if err := cborDec.Unmarshal(body, v); err != nil {
		var te *cbor.UnmarshalTypeError
		if errors.As(err, &te) {
			// StructFieldName is the Go path (pkg.type.Field); the client
			// knows the member by its last part.
			member := te.StructFieldName[strings.LastIndexByte(te.StructFieldName, '.')+1:]
			if member == "" {
				member = "(root)"
			}
			return NewError("SerializationException", fmt.Sprintf("Unexpected value type for member %s: expected %s, got CBOR %s", member, te.GoType, te.CBORType))
		}
		return NewError("SerializationException", "The request body could not be parsed as CBOR: "+err.Error())
	}
	return nil
}

// WriteResult encodes result as a CBOR map; a nil result (no output shape)
// is an empty body.
func (p RPCv2CBOR) WriteResult(w http.ResponseWriter, _ Reply, result any) error {
	var body []byte
	if result != nil {
		var err error
		if body, err = cborEnc.Marshal(result); err != nil {
			return fmt.Errorf("cannot encode response: %w", err)
		}
	}
	w.Header().Set(smithyProtocolHeader, rpcv2CBORProtocol)
	writeBody(w, http.StatusOK, cborContentType, body)
	return nil
}

// WriteError writes {"__type", "message", …fields} with the error's status.
func (p RPCv2CBOR) WriteError(w http.ResponseWriter, _ Reply, e *APIError) {
	m := make(map[string]any, 2+len(e.Fields))
	for k, v := range e.Fields {
		m[k] = v
	}
	m["__type"] = e.Code
	m["message"] = e.Message
	body, err := cborEnc.Marshal(m)
	if err != nil {
		body = cborEncodeFailed
	}
	w.Header().Set(smithyProtocolHeader, rpcv2CBORProtocol)
	if p.QueryCompatible {
		w.Header().Set(queryErrorHeader, e.queryHeader())
	}
	writeBody(w, e.Status, cborContentType, body)
}
