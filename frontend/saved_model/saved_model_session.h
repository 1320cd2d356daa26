// Running a SavedModel (runtime/io/saved_model_reader.h) through its
// signatures: a Session over its graph with its variables restored, and
// signature runs by the signature's keys.
//
//   KILN_ASSIGN_OR_RETURN(kiln::SavedModelSession model,
//                         kiln::SavedModelSession::Load("exported/"));
//   KILN_ASSIGN_OR_RETURN(auto outputs,
//                         model.Run("serving_default", {{"x", images}}));
//   const kiln::Tensor& probs = outputs.at("output_0");
#ifndef KILN_FRONTEND_SAVED_MODEL_SAVED_MODEL_SESSION_H_
#define KILN_FRONTEND_SAVED_MODEL_SAVED_MODEL_SESSION_H_

#include <map>
#include <memory>
#include <string>

#include "frontend/session.h"
#include "runtime/io/saved_model_reader.h"

namespace kiln {

class SavedModelSession {
 public:
  static StatusOr<SavedModelSession> Load(const std::string& dir,
                                          const std::string& tag = "serve",
                                          SessionOptions options = {});
  static StatusOr<SavedModelSession> FromSavedModel(
      SavedModel model, SessionOptions options = {});

  // Feeds `inputs` by the signature's input keys; every output comes back
  // by its key. Errors name a missing or unknown key.
  StatusOr<std::map<std::string, Tensor>> Run(
      const std::string& signature,
      const std::map<std::string, Tensor>& inputs) const;

  const SavedModel& model() const { return *model_; }
  Session& session() const { return *session_; }

 private:
  std::shared_ptr<SavedModel> model_;
  std::shared_ptr<Session> session_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_SAVED_MODEL_SAVED_MODEL_SESSION_H_
