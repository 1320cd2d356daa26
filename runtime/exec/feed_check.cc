// CheckFeeds: feeds against the plan's dtype and known dims, with errors that
// name the feed ("feed 'x:0' expects float[?,784] but got float[3,10]").
#include <string>

#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {
namespace exec_internal {
namespace {

std::string Describe(DataType dtype, const ValueInfo& info) {
  std::string s = DataTypeName(dtype);
  if (info.unknown_rank) return s + "[<any rank>]";
  s += "[";
  for (size_t i = 0; i < info.dims.size(); ++i) {
    if (i > 0) s += ",";
    s += info.dims[i] < 0 ? "?" : std::to_string(info.dims[i]);
  }
  return s + "]";
}

bool Matches(const ValueInfo& info, const Tensor& t) {
  if (t.dtype() != info.dtype) return false;
  if (info.unknown_rank) return true;
  if (t.dims() != static_cast<int>(info.dims.size())) return false;
  for (int d = 0; d < t.dims(); ++d) {
    if (info.dims[d] >= 0 && info.dims[d] != t.dim_size(d)) return false;
  }
  return true;
}

}  // namespace

Status CheckFeeds(const PreparedPlan& plan, const Plan& proto,
                  const std::vector<Tensor>& feeds) {
  if (feeds.size() != plan.feeds.size()) {
    return InvalidArgument("expected " + std::to_string(plan.feeds.size()) +
                           " feeds, got " + std::to_string(feeds.size()));
  }
  for (size_t i = 0; i < feeds.size(); ++i) {
    const Tensor& t = feeds[i];
    const ValueInfo& info = plan.values[plan.feeds[i]];
    if (t.IsInitialized() && Matches(info, t)) continue;
    const std::string& name = proto.feeds(static_cast<int>(i)).name();
    if (!t.IsInitialized()) {
      return InvalidArgument("feed '" + name + "' is an uninitialized tensor");
    }
    return InvalidArgument("feed '" + name + "' expects " +
                           Describe(info.dtype, info) + " but got " +
                           DataTypeName(t.dtype()) + t.shape().ToString());
  }
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
