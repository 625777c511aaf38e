// Package externalcontact wraps WeCom's 客户联系 (customer contact) customer
// APIs: customers and their follow users (客户管理), corp and strategy tags
// (企业标签, 规则组标签), on-job and resigned transfers (在职继承, 离职继承),
// customer group chats (客户群) and id conversions.
//
// Get a Client from work.App.ExternalContact. Method names follow EasyWeChat's
// external_contact client, and each method's doc comment names the WeCom path
// and the EasyWeChat and WxJava methods it replaces, so a porter can grep for
// either. Endpoints lists every endpoint with the same facts, its retry class
// and its token kind.
//
// # Conventions
//
//   - Every argument is checked before anything is sent: an empty id, too many
//     ids or a negative page size is a *core.ArgError naming the call and the
//     wire field. Request types export Validate. A page size above WeCom's
//     largest is sent as the largest where WeCom reads it so (it changes only
//     how many calls a walk takes); lists of ids and texts over WeCom's limits
//     are refused, never cut. Each method's doc says which.
//   - Each endpoint is declared once, next to its methods, with its class:
//     reads (core.Read, core.ReadPost) are retried on transient failures;
//     calls that change state (core.Write: remarks, tags, transfers) are never
//     re-sent once they may have reached WeCom, and such an error matches
//     core.ErrUnknownOutcome.
//   - Paged lists come with an …All iterator (iter.Seq2) that walks every page,
//     stops at the first error and honours break.
//   - Per-item failures inside a successful answer (a chat or a customer that
//     could not be transferred, a mobile that did not convert) embed
//     core.ItemResult and have an Err method returning a *core.APIError.
//   - Times are Unix seconds (int64), as WeCom sends them.
//
// # Adding an endpoint
//
// Declare it in the file of its API group with endpoints.Add, giving its class,
// path and Meta (doc page, Chinese title, EasyWeChat and WxJava names); write
// its request type with a Validate method and its answer type; the method is
// then a line or two on core.Send, core.Get or core.Exec (core.Walk for an …All
// iterator). Its wire test is one row of the wiretest.Suite in the package's
// cases_*_test.go files, with a fixture in testdata/externalcontact shaped like
// WeCom's example.
package externalcontact
