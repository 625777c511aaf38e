package work_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
)

// The rule group, album and intercept clients are built once per App, so
// every caller shares the one that runs Create and Edit one at a time.
func TestStrategyProductInterceptAccessors(t *testing.T) {
	app, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	assert.Same(t, app.CustomerStrategy(), app.CustomerStrategy())
	assert.Same(t, app.MomentStrategy(), app.MomentStrategy())
	assert.Same(t, app.Product(), app.Product())
	assert.Same(t, app.Intercept(), app.Intercept())
	other, err := work.New(work.Config{CorpID: "ww1", Secret: "s", BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	assert.NotSame(t, app.CustomerStrategy(), other.CustomerStrategy(), "one per App")
}
