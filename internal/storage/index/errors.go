package index

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// corruptf returns an error that wraps model.ErrCorruption.
func corruptf(format string, args ...any) error {
	return model.Errorf(model.ErrCorruption, "corrupt block index: %s", fmt.Sprintf(format, args...))
}
