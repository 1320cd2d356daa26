//===- FeedRewrite.cpp - Feeds become Placeholders ------------------------===//
#include "compiler/Graph/FeedRewrite.h"

#include <set>

#include "runtime/graph/graph_view.h"
#include "runtime/graph/shape_context.h"

namespace tf = tensorflow;

namespace kiln::compiler {
namespace {

std::string feedError(const std::string &feed, const std::string &what) {
  return "feed '" + feed + "': " + what;
}

/// The fed dims merged with what the Placeholder declares.
kiln::StatusOr<kiln::Shape> mergeShape(const std::string &feed,
                                       const kiln::Shape &declared,
                                       const std::vector<int64_t> &fed) {
  kiln::Shape merged = kiln::Shape::Of(fed);
  if (declared.unknown_rank)
    return merged;
  if (declared.rank() != static_cast<int>(fed.size()))
    return kiln::InvalidArgument(feedError(
        feed, "rank " + std::to_string(fed.size()) +
                  " but the Placeholder declares " + declared.ToString()));
  for (size_t d = 0; d < fed.size(); ++d) {
    int64_t want = declared.dims[d];
    if (want >= 0 && fed[d] >= 0 && want != fed[d])
      return kiln::InvalidArgument(
          feedError(feed, "shape " + merged.ToString() +
                              " but the Placeholder declares " +
                              declared.ToString()));
    if (fed[d] < 0)
      merged.dims[d] = want;
  }
  return merged;
}

kiln::Status feedPlaceholder(tf::NodeDef &node, const kiln::FeedSpec &feed) {
  auto &attrs = *node.mutable_attr();
  if (attrs.count("dtype") && attrs["dtype"].type() != feed.dtype)
    return kiln::InvalidArgument(
        feedError(feed.name, "fed dtype differs from the Placeholder's"));
  kiln::Shape declared = attrs.count("shape")
                             ? kiln::Shape::FromProto(attrs["shape"].shape())
                             : kiln::Shape::Unknown();
  KILN_ASSIGN_OR_RETURN(kiln::Shape merged,
                        mergeShape(feed.name, declared, feed.dims));
  *attrs["shape"].mutable_shape() = merged.ToProto();
  return kiln::OkStatus();
}

std::string uniqueNodeName(const tf::GraphDef &graph, const std::string &base) {
  std::set<std::string> names;
  for (const tf::NodeDef &node : graph.node())
    names.insert(node.name());
  std::string name = base;
  for (int i = 1; names.count(name); ++i)
    name = base + "_" + std::to_string(i);
  return name;
}

/// Adds a Placeholder for `edge` and points its consumers at it.
std::string replaceWithPlaceholder(tf::GraphDef &graph, const kiln::Edge &edge,
                                   const kiln::FeedSpec &feed) {
  std::string name = uniqueNodeName(
      graph, edge.node + "/kiln_feed_" + std::to_string(edge.index));
  for (tf::NodeDef &node : *graph.mutable_node())
    for (std::string &input : *node.mutable_input()) {
      kiln::StatusOr<kiln::Edge> in = kiln::ParseEdge(input);
      if (in.ok() && in->node == edge.node && in->index == edge.index)
        input = name;
    }
  tf::NodeDef &placeholder = *graph.add_node();
  placeholder.set_name(name);
  placeholder.set_op("Placeholder");
  (*placeholder.mutable_attr())["dtype"].set_type(feed.dtype);
  *(*placeholder.mutable_attr())["shape"].mutable_shape() =
      kiln::Shape::Of(feed.dims).ToProto();
  return name;
}

} // namespace

std::string canonicalTensorName(const std::string &name) {
  kiln::StatusOr<kiln::Edge> edge = kiln::ParseEdge(name);
  if (!edge.ok() || edge->is_control())
    return name;
  return edge->node + ":" + std::to_string(edge->index);
}

kiln::StatusOr<RewrittenFeeds>
rewriteFeeds(const tf::GraphDef &graph,
             const std::vector<kiln::FeedSpec> &feeds) {
  RewrittenFeeds out{graph, {}};
  for (const kiln::FeedSpec &feed : feeds) {
    kiln::StatusOr<kiln::Edge> edge = kiln::ParseEdge(feed.name);
    if (!edge.ok() || edge->is_control())
      return kiln::InvalidArgument(feedError(feed.name, "not a tensor name"));
    tf::NodeDef *node = nullptr;
    for (tf::NodeDef &n : *out.graph.mutable_node())
      if (n.name() == edge->node)
        node = &n;
    if (!node)
      return kiln::InvalidArgument(
          feedError(feed.name, "the graph has no node '" + edge->node + "'"));
    if (node->op() == "Placeholder" && edge->index == 0) {
      KILN_RETURN_IF_ERROR(feedPlaceholder(*node, feed));
      out.placeholders.emplace_back(feed.name, node->name());
      continue;
    }
    out.placeholders.emplace_back(
        feed.name, replaceWithPlaceholder(out.graph, *edge, feed));
  }
  return out;
}

} // namespace kiln::compiler
