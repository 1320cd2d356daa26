// SavedModel signatures run by a Session.
#include "frontend/saved_model/saved_model_session.h"

namespace kiln {

StatusOr<SavedModelSession> SavedModelSession::Load(const std::string& dir,
                                                    const std::string& tag,
                                                    SessionOptions options) {
  KILN_ASSIGN_OR_RETURN(SavedModel model, ReadSavedModel(dir, tag));
  return FromSavedModel(std::move(model), std::move(options));
}

StatusOr<SavedModelSession> SavedModelSession::FromSavedModel(
    SavedModel model, SessionOptions options) {
  if (!options.variables) options.variables = std::make_shared<VariableStore>();
  for (const auto& [name, value] : model.variables)
    options.variables->Set(name, value);
  SavedModelSession loaded;
  KILN_ASSIGN_OR_RETURN(std::unique_ptr<Session> session,
                        Session::Create(model.graph, std::move(options)));
  loaded.session_ = std::move(session);
  loaded.model_ = std::make_shared<SavedModel>(std::move(model));
  return loaded;
}

StatusOr<std::map<std::string, Tensor>> SavedModelSession::Run(
    const std::string& name,
    const std::map<std::string, Tensor>& inputs) const {
  auto it = model_->signatures.find(name);
  if (it == model_->signatures.end())
    return NotFound("no signature '" + name + "'");
  const tensorflow::SignatureDef& signature = it->second;
  Session::Feeds feeds;
  for (const auto& [key, value] : inputs) {
    auto info = signature.inputs().find(key);
    if (info == signature.inputs().end())
      return InvalidArgument("signature '" + name + "' has no input '" + key +
                             "'");
    feeds.emplace_back(info->second.name(), value);
  }
  for (const auto& [key, info] : signature.inputs())
    if (!inputs.count(key))
      return InvalidArgument("signature '" + name + "' needs input '" + key +
                             "'");
  std::vector<std::string> keys, fetches;
  for (const auto& [key, info] : signature.outputs()) {
    keys.push_back(key);
    fetches.push_back(info.name());
  }
  std::vector<Tensor> values;
  KILN_RETURN_IF_ERROR(session_->Run(feeds, fetches, {}, &values));
  std::map<std::string, Tensor> outputs;
  for (size_t i = 0; i < keys.size(); ++i) outputs[keys[i]] = values[i];
  return outputs;
}

}  // namespace kiln
