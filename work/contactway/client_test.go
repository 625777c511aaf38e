package contactway_test

import (
	"testing"

	"github.com/wecomkit/wecom/work/contactway"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
)

// clients are both services of the package on one core client, so that one
// wire table covers every declared endpoint.
type clients struct {
	ways  *contactway.Client
	joins *contactway.GroupChatWayClient
}

func newClients(c *core.Client) clients {
	return clients{ways: contactway.New(c), joins: contactway.NewGroupChatWay(c)}
}

type (
	wireCase = wiretest.Case[clients]
	badCase  = wiretest.Bad[clients]
)

func fixture(t *testing.T, name string) string { return wiretest.Fixture(t, "contactway", name) }

func TestWire(t *testing.T) {
	wiretest.Suite[clients]{
		Endpoints: contactway.Endpoints(),
		New:       newClients,
		Cases:     append(contactWayCases(t), joinWayCases(t)...),
		Bad:       append(append(contactWayBad(), updateBad()...), joinWayBad()...),
		Exceptions: map[string]string{
			"externalcontact/add_contact_way is_exclusive":   "current doc field (document/path/96348, 2025-12): 同一外部企业客户只能添加同一个员工; the pinned catalogue predates it",
			"externalcontact/add_contact_way mark_source":    "current doc field (document/path/96348): mark the add source as this app's 「联系我」",
			"externalcontact/update_contact_way mark_source": "in the current doc's update example (as for add_join_way, where the catalogue lists it)",
		},
	}.Run(t)
}
