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
// # Customers
//
// List answers errcode 84061 (not external contact), which WeCom sends for a
// member without customers, with an empty, non-nil slice and a nil error,
// as WxJava does: having no customers is not a failure. 84061 means "no
// customer relation" in general, so List cannot tell such a member from
// other cases WeCom may answer it for (a member without 客户联系, say);
// check GetFollowUsers when that matters. Every other errcode (40003
// unknown userid, 84074 no permission or outside the visible range, …) is
// an *core.APIError.
//
// Get follows next_cursor when a customer has more than 500 follow users
// and merges the pages; a page without follow users ends the walk, whatever
// cursor it carries.
//
// ContactList (获取已服务的外部联系人) lists customers and the other contacts
// the members served. Only self-built apps listed under 「客户联系 可调用接口的
// 应用」 may call it, not 代开发 or third-party apps. WeCom documents its
// default page size of 1000 and no larger one, so a larger limit is sent as
// 1000, as batch/get_by_user's documented clamping does; a negative one is
// refused. Rows come as WeCom sends them: de-duplicate by TmpOpenID for one
// row per person.
//
// # Tags
//
// Corp tags (企业客户标签) and strategy tags (规则组标签: the tags of a
// customer-contact rule group, which only the members the group manages can
// use) share one cap per corp (ErrTagLimitReached). WeCom restricts which
// apps' tokens may change tags (see the permission notes of doc 92117), and
// an app may edit and delete only the tags it created. Neither EasyWeChat
// nor WxJava has the strategy-tag calls; their names follow PowerWeChat's.
//
// # Transfers
//
// TransferCustomer (在职继承) and ResignedTransferCustomer (离职继承) hand up
// to 100 customers to a takeover member, who needs the 客户联系 feature, a
// verified real name and an activated account. WeCom answers per customer:
// Failed lists the customers whose transfer did not start, each with an Err
// that errors.Is matches (ErrTransferTooFrequent: an on-job customer is
// transferred at most twice in 90 natural days; ErrHandoverNotResigned: the
// handover member of a resigned transfer is still on the job). The takeover
// happens later (WeCom gives the customer 24 hours); TransferResult and
// ResignedTransferResult, with their …All iterators, follow it.
// GetUnassigned lists the resigned members' customers still waiting; a
// third-party app needs the 分配离职成员的客户 permission for it.
//
// # Exporting
//
// ExportCustomers streams every (customer, member) pair of every member with
// 客户联系: get_follow_user_list, then batch/get_by_user with up to 100
// members a request and pages of 100, Concurrency pages in flight (5 by
// default) under the App's governor (rate budget, concurrency caps, 45033
// retried). Request sizes shrink as the members run out, so the workers
// finish together. fn is called on the caller's goroutine, one pair at a
// time; pairs come in no particular order across members. Memory stays flat
// whatever the corp's size: only the members and the pages in flight are
// held (and a hash per customer with Dedupe, which yields each customer
// once). Progress reports members, pages, customers, rate and time left.
//
// The export stops at the first error the client does not retry (returned
// as is, so errors.Is and errors.As work), when fn returns an error, and
// when ctx is done; Checkpoint is then called with the state as of the last
// pair fn accepted, so that Resume continues with nothing lost or repeated
// (a pair for which fn failed comes again).
//
// # Group chats
//
// GetGroupChats lists the chats whose owners are in the app's visible range,
// DefaultGroupChatsLimit a page unless told otherwise; WeCom documents a
// limit of 1 to 1000 and refuses more (40058) instead of reading it as 1000,
// so a larger one is refused before sending. GetGroupChat needs the owner in
// the visible range too, and WeCom updates some details a while after a
// change event. TransferGroupChat (resigned owners, 离职继承) and
// OnJobTransferGroupChat (owners on the job, 在职继承) answer per chat: a
// chat in FailedChats was not handed over (a chat whose owner is still on
// the job fails TransferGroupChat with ErrChatOwnerNotResigned). The new
// owner needs the 客户联系 feature, a verified real name and an activated
// account; at most 300 chats a day go to one new owner, and an on-job chat
// is transferred at most twice in 90 natural days.
//
// # ID conversions
//
// Each conversion has its own rules and takes its own app's token:
//
//   - ConvertToOpenID: a self-built or third-party app's access_token.
//   - UnionIDToExternalUserID: the unionid and the openid both come from one
//     mini program whose subject is the corp (服务商代开发小程序); the corp
//     is verified and the customer's follow user (or group owner) is in the
//     app's visible range. The token is the third-party or 代开发 app's corp
//     token. The answer carries external_userid only.
//   - ToServiceExternalUserID: the 代开发 app's token, and the corp has
//     authorised the provider's third-party app with 客户基础信息. An upgraded
//     代开发 app (代开发应用安全性升级) gets the third-party id already.
//   - FromServiceExternalUserID: a self-built app's (or 基础应用's) token; the
//     follow user, or the owner of the customer's group, is visible to both
//     apps.
//   - GetNewExternalUserID: the 代开发 or third-party app's corp token; WeCom
//     recommends 200 ids a call. Customer-contact and 家校 ids convert when
//     the follow user is in the app's visible range, 微信客服 ids only for
//     sessions of the last 48 hours; group members who are nobody's
//     customer need GetGroupChatNewExternalUserID, which takes up to 1000
//     ids too (its page states no limit of its own). WeCom refuses a
//     third-party app once FinishExternalUserIDMigration was called.
//   - FinishExternalUserIDMigration: the provider's provider_access_token
//     (服务商凭证), from Config.ProviderTokenSource; from then on the
//     provider's third-party apps get the upgraded ids only.
//   - UnionIDToExternalUserID3rd: the third-party app's suite_access_token
//     (第三方应用凭证, as 95878 and 95327 §4.2 say), from
//     Config.SuiteTokenSource; one entry per corp where the user is a
//     customer or a parent (家长). WeCom allows 50,000 calls an hour and
//     240,000 a day per provider, for lookups a user's own action triggers
//     only: never convert in bulk.
//   - OpenGIDToChatID: only groups created by the corp's own members
//     (企业服务人员) convert, and the owner is in the app's visible range; a
//     self-built app among the 客户联系 可调用应用, or a third-party or 代开发
//     app with 客户基础信息.
//   - BatchToExternalUserID: a self-built app among the 家校沟通 apps that
//     read and edit the school contacts (读取和编辑家校通讯录), or a
//     third-party app with 家校沟通 use-and-edit permission; since
//     2023-12-01 WeCom no longer takes the system app's secret for new corps.
//
// A call that needs a provider or suite token the Config does not supply
// fails with a *core.ArgError before anything is sent.
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
//
// # Examples
//
//   - ExampleClient_Get: a customer with every member who added them.
//   - ExampleClient_BatchGetByUserAll: a member's customers with their
//     details, every page.
//   - ExampleClient_MarkTags: create a corp tag, mark it on a customer, read
//     it back.
//   - ExampleClient_ResignedTransferCustomer: hand a resigned member's
//     customers over (离职继承) and follow the takeover.
//   - ExampleClient_ExportCustomers: export every customer with a checkpoint
//     after each page.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/externalcontact -run '^ExampleClient_MarkTags$' -v
package externalcontact
