package provider

import (
	"context"
	"time"

	"github.com/wecomkit/wecom/work/core"
)

// The credentials of SuiteOn's provider and suite.
const (
	WireProviderCorp   = "wwwireprovider"
	WireProviderSecret = "wire-provider-secret"
	WireSuiteID        = "wwwiresuite"
	WireSuiteSecret    = "wire-suite-secret"
	WireTicket         = "wire-ticket"
)

// SuiteOn returns a suite whose calls all go through c, the wire harness's
// client (which holds fixed provider and suite tokens): the provider token
// call, the suite token call (a ticket is at hand) and the suite's calls.
func SuiteOn(c *core.Client) *Suite {
	p, err := New(Config{CorpID: WireProviderCorp, ProviderSecret: WireProviderSecret})
	if err != nil {
		panic(err) // fixed, valid configuration
	}
	p.base, p.client = c, c
	s, err := p.NewSuite(SuiteConfig{SuiteID: WireSuiteID, Secret: WireSuiteSecret})
	if err != nil {
		panic(err)
	}
	s.client = c
	if err := s.SetTicket(context.Background(), WireTicket, time.Time{}); err != nil {
		panic(err)
	}
	return s
}
