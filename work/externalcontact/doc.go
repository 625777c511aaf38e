// Package externalcontact wraps WeCom's 客户联系 (customer contact) customer
// APIs: customers and their follow users (客户管理), corp and strategy tags
// (企业标签, 规则组标签), on-job and resigned transfers (在职继承, 离职继承),
// customer group chats (客户群) and id conversions.
//
// Get a Client from work.App.ExternalContact. Method names follow EasyWeChat's
// external_contact client, and each method's doc comment names the WeCom path
// and the EasyWeChat and WxJava methods it replaces, so a porter can grep for
// either.
//
// # Conventions
//
//   - Every argument is checked before anything is sent: an empty id, too many
//     ids or an out-of-range limit is a *core.ArgError naming the wire field.
//   - Reads are retried on transient failures; calls that change state
//     (remarks, tags, transfers) are never re-sent once they may have reached
//     WeCom.
//   - Paged lists come with an …All iterator (iter.Seq2) that walks every page,
//     stops at the first error and honours break.
//   - Times are Unix seconds (int64), as WeCom sends them.
package externalcontact
