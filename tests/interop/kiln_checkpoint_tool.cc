// kiln_checkpoint_tool: the Kiln side of interop.checkpoints.
//
//   kiln_checkpoint_tool write PREFIX name=file.npy[@bfloat16] ...
//       a checkpoint of the arrays (@bfloat16: a uint16 array holding
//       bfloat16 bits, which .npy cannot name)
//   kiln_checkpoint_tool dump PREFIX OUTDIR
//       every tensor as OUTDIR/<i>.npy (bfloat16 as uint16 bits) and a
//       manifest OUTDIR/manifest.tsv: "i<TAB>key<TAB>dtype[<TAB>hex...]",
//       string tensors' elements hex-encoded in the manifest
//   kiln_checkpoint_tool manage DIR STEPS MAX_TO_KEEP file.npy
//       a CheckpointManager saving variable "v" = the array * step
//   kiln_checkpoint_tool latest DIR
//       prints LatestCheckpoint(DIR)
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "frontend/train/checkpoint_manager.h"
#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/checkpoint_state.h"
#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/npy.h"

namespace kiln {
namespace {

StatusOr<Tensor> Reinterpret(const Tensor& t, DataType dtype) {
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(dtype, t.shape()));
  if (out.bytes() != t.bytes()) return InvalidArgument("size mismatch");
  if (t.bytes() > 0) std::memcpy(out.raw_data(), t.raw_data(), t.bytes());
  return out;
}

Status Write(const std::string& prefix, int argc, char** argv) {
  std::vector<std::pair<std::string, Tensor>> tensors;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) return InvalidArgument("bad argument " + arg);
    std::string file = arg.substr(eq + 1);
    const bool bf16 =
        file.size() > 9 && file.compare(file.size() - 9, 9, "@bfloat16") == 0;
    if (bf16) file.resize(file.size() - 9);
    KILN_ASSIGN_OR_RETURN(Tensor t, ReadNpy(file));
    if (bf16) {
      KILN_ASSIGN_OR_RETURN(t, Reinterpret(t, tensorflow::DT_BFLOAT16));
    }
    tensors.emplace_back(arg.substr(0, eq), t);
  }
  return WriteCheckpoint(prefix, tensors);
}

std::string Hex(const std::string& s) {
  std::string out;
  char b[3];
  for (unsigned char c : s) {
    std::snprintf(b, sizeof(b), "%02x", c);
    out += b;
  }
  return out.empty() ? "-" : out;
}

Status Dump(const std::string& prefix, const std::string& out_dir) {
  KILN_ASSIGN_OR_RETURN(CheckpointReader reader,
                        CheckpointReader::Open(prefix));
  std::ofstream manifest(out_dir + "/manifest.tsv");
  int i = 0;
  for (const std::string& key : reader.keys()) {
    KILN_ASSIGN_OR_RETURN(const tensorflow::BundleEntryProto* e,
                          reader.Entry(key));
    manifest << i << '\t' << key << '\t';
    if (e->dtype() == tensorflow::DT_STRING) {
      KILN_ASSIGN_OR_RETURN(std::vector<std::string> s,
                            reader.ReadStrings(key));
      manifest << "string";
      for (const std::string& v : s) manifest << '\t' << Hex(v);
    } else {
      KILN_ASSIGN_OR_RETURN(Tensor t, reader.ReadTensor(key));
      manifest << DataTypeName(t.dtype());
      if (t.dtype() == tensorflow::DT_BFLOAT16) {
        KILN_ASSIGN_OR_RETURN(t, Reinterpret(t, tensorflow::DT_UINT16));
      }
      KILN_RETURN_IF_ERROR(
          WriteNpy(out_dir + "/" + std::to_string(i) + ".npy", t));
    }
    manifest << '\n';
    ++i;
  }
  return manifest ? OkStatus() : Internal("cannot write the manifest");
}

Status Manage(const std::string& dir, int steps, int keep,
              const std::string& file) {
  KILN_ASSIGN_OR_RETURN(Tensor base, ReadNpy(file));
  CheckpointManagerOptions options;
  options.max_to_keep = keep;
  KILN_ASSIGN_OR_RETURN(CheckpointManager manager,
                        CheckpointManager::Open(dir, options));
  VariableStore store;
  for (int step = 1; step <= steps; ++step) {
    KILN_ASSIGN_OR_RETURN(Tensor v, Reinterpret(base, base.dtype()));
    for (float& x : v.flat<float>()) x *= static_cast<float>(step);
    store.Set("v", v);
    KILN_RETURN_IF_ERROR(manager.Save(store, {"v"}, step).status());
  }
  return OkStatus();
}

Status Main(int argc, char** argv) {
  if (argc < 3) return InvalidArgument("usage: see the file's comment");
  const std::string cmd = argv[1];
  if (cmd == "write") return Write(argv[2], argc - 3, argv + 3);
  if (cmd == "dump" && argc == 4) return Dump(argv[2], argv[3]);
  if (cmd == "manage" && argc == 6) {
    return Manage(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), argv[5]);
  }
  if (cmd == "latest") {
    KILN_ASSIGN_OR_RETURN(std::string latest, LatestCheckpoint(argv[2]));
    std::printf("%s\n", latest.c_str());
    return OkStatus();
  }
  return InvalidArgument("unknown command " + cmd);
}

}  // namespace
}  // namespace kiln

int main(int argc, char** argv) {
  kiln::Status s = kiln::Main(argc, argv);
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_checkpoint_tool: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
