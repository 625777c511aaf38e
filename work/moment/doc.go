// Package moment wraps WeCom's 客户朋友圈 (customer moments) APIs: the
// corp's moment tasks (企业发表, add_moment_task and its asynchronous
// result, cancel_moment_task), the moment list (get_moment_list), who was
// asked to publish and who can see a moment (get_moment_task,
// get_moment_customer_list, get_moment_send_result), and its comments and
// likes (get_moment_comments).
//
// The moment strategies (客户朋友圈规则组, moment_strategy/*) are not here:
// they share their shape with the customer strategies and live beside them.
//
// Get a Client from work.App.Moment. Method names follow EasyWeChat's
// external_contact_moment client; each method's doc comment names the WeCom
// path and the EasyWeChat and WxJava methods it replaces.
//
// # Posting a moment is asynchronous
//
// CreateTask (add_moment_task) only queues the moment and returns a job id,
// valid for 24 hours. GetTask (get_moment_task_result) reports the job's
// status (1 started, 2 running, 3 done) and, once done, the moment_id and
// the senders and tags WeCom found invalid. WaitTask polls GetTask, with
// growing, jittered pauses, until the job is done or ctx ends:
//
//	job, err := app.Moment().CreateTask(ctx, &moment.CreateTaskRequest{...})
//	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
//	defer cancel()
//	res, err := app.Moment().WaitTask(ctx, job.JobID, core.PollPolicy{})
//
// WaitTask's pauses start at PollPolicy.Initial (default 1 s) and double up
// to Max (default 10 s), each jittered by ±50% so that many waiters do not
// poll in step; the zero PollPolicy is fine. Give ctx a deadline: a job
// usually finishes within seconds, and its jobid is valid 24 hours. A job
// that failed (Result.ErrCode ≠ 0) comes back with Result.Err(); an error of
// GetTask (after its own retries) ends the wait too, with the last state
// seen. WeCom takes at most 10 moments a minute per corp.
//
// Then the members are asked to publish it in their WeCom app; GetTasks
// shows who has. CreateTask is never re-sent by the SDK, not even after
// errcode -1: a duplicated moment reaches every customer twice. When its
// error matches core.ErrUnknownOutcome, look for the moment in List before
// posting again.
//
// # Attachments
//
// A moment carries text (at most 2000 characters) and/or attachments from
// package content: up to 9 images, or 1 video, or 1 link, never a mix. Their
// media ids come from media/upload_attachment (上传附件资源), and a link's
// cover is a media_id too (content.Link.MediaID), not a picurl; its title
// has at most 64 bytes. visible_range names at most 100,000 senders. All of
// this is checked before anything is sent.
//
// # Lists
//
// List, GetTasks, GetCustomers and GetSendResult page by cursor and come
// with …All iterators. Their limits differ: at most 20 moments, 1000 tasks
// or visible customers, 5000 customers of a send result per page; 0 leaves
// WeCom's default (20, 500, 500, 3000). List takes a window of at most 30
// days.
//
// # Examples
//
//   - ExampleClient_WaitTask: post a moment to the customers of a tag, wait
//     for the job, then a member publishes it and the customers see it.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/moment -run '^ExampleClient_WaitTask$' -v
package moment
