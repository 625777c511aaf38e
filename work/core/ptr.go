package core

// Ptr returns a pointer to v, for optional request fields whose zero value is
// meaningful (an order of 0, a flag set to false):
//
//	ec.UpdateCorpTag(ctx, &externalcontact.UpdateCorpTagRequest{ID: id, Order: core.Ptr[int64](0)})
func Ptr[T any](v T) *T { return &v }
