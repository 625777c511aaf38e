// Package statistics wraps WeCom's 客户联系 statistics (数据统计): the
// members' customer-contact figures (联系客户统计, get_user_behavior_data)
// and the customer group chat figures (群聊数据统计, groupchat/statistic by
// owner and groupchat/statistic_group_by_day by day).
//
// Get a Client from work.App.Statistics. Method names follow EasyWeChat's
// external_contact_statistics client; each method's doc comment names the
// WeCom path and the EasyWeChat and WxJava methods it replaces.
//
// # Days, not seconds
//
// WeCom counts these figures per natural day in China Standard Time
// (Asia/Shanghai, UTC+8) and takes Unix seconds that it floors to 00:00 of
// that day. The requests here take time.Time values instead: any instant of
// a day stands for that day, and the SDK sends the Unix seconds of its 00:00
// in UTC+8, whatever the time.Time's location. Results carry the day's
// Unix seconds (StatTime) with a Day method that returns it as a time.Time
// in UTC+8.
//
// EasyWeChat sends start_time and end_time as JSON strings; WeCom documents
// integers, which is what this package sends.
//
// # Windows checked before sending
//
// Every rule below is checked before anything is sent, and a breach is a
// *core.ArgError naming the wire field:
//
//   - UserBehavior: start_time and end_time are required, end not before
//     start, at most 30 days apart, start at most 180 days before today and
//     end not after today; userid and partyid at most 100 each and not both
//     empty.
//   - GroupChatStatistic and GroupChatStatisticGroupByDay: day_begin_time is
//     required, from yesterday back to 180 days ago, and so is day_end_time
//     when given (not before day_begin_time); owner_filter.userid_list holds
//     1 to 100 members when the filter is given; limit 1 to 1000.
//
// "Today" is the Client's clock (time.Now unless WithClock says otherwise)
// in UTC+8. The windows are WeCom's documented ones (get_user_behavior_data's
// history was 60 days in older documentation; WeCom has the last word).
//
// # Examples
//
//   - ExampleClient_UserBehavior: a member's figures over a simulated week,
//     per day.
//   - ExampleClient_GroupChatStatisticAll: the owners with the most group
//     chat members yesterday, page by page.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/statistics -run '^ExampleClient_UserBehavior$' -v
package statistics
