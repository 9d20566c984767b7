#include <fstream>
#include <iostream>
#include <sstream>

#include "cert/checker.hpp"
#include "cli/commands.hpp"
#include "api/exact_json.hpp"
#include "expr/json_depth.hpp"

namespace gdcert {
namespace {

struct VerifyFlags {
  std::string file;
  bool json = false;
};

int run_verify(const VerifyFlags& flags) {
  std::ifstream in(flags.file);
  if (!in) throw std::invalid_argument("cannot read certificate '" + flags.file + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  VerifyResult v;
  nlohmann::json cert;
  try {
    check_json_nesting(buf.str());  // before parsing: nlohmann's parser recurses per level
    cert = nlohmann::json::parse(buf.str(), nullptr, false);
  } catch (const std::invalid_argument& e) {
    v.reason = e.what();
  }
  if (!v.reason.empty()) {
    v.status = VerifyResult::Status::Malformed;
  } else if (cert.is_discarded()) {
    v.status = VerifyResult::Status::Malformed;
    v.reason = "not valid JSON (truncated or corrupted file)";
  } else {
    v = verify_certificate(cert);
  }
  const char* status = v.status == VerifyResult::Status::Verified  ? "verified"
                       : v.status == VerifyResult::Status::Rejected ? "rejected"
                                                                    : "malformed";
  if (flags.json) {
    nlohmann::json j = {{"status", status}, {"file", flags.file}, {"boxes_checked", v.boxes_checked},
                        {"seconds", v.seconds}};
    if (v.status != VerifyResult::Status::Verified) j["location"] = v.location, j["reason"] = v.reason;
    std::cout << dump_json(j, 2) << std::endl;
  } else if (v.status == VerifyResult::Status::Verified) {
    std::cout << "verified: " << flags.file << " (" << v.boxes_checked << " boxes re-checked, " << v.seconds
              << " s)\n";
  } else {
    std::cerr << "gdcert verify: " << status << ": " << flags.file
              << (v.location.empty() ? "" : " at " + v.location) << ": " << v.reason << "\n";
  }
  return v.status == VerifyResult::Status::Verified ? 0 : v.status == VerifyResult::Status::Rejected ? 1 : 2;
}

}  // namespace

void add_verify_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* cmd = app.add_subcommand("verify", "Independently re-check a certificate written by 'check --cert'");
  cmd->footer(
      "Example:\n"
      "  gdcert check --expr \"(x*y-1)^2\" --center 2,0.3 --radius 0.5 --cert xy.json\n"
      "  gdcert verify xy.json\n"
      "Exit status: 0 verified, 1 rejected (the first failure and its place in the file are printed),\n"
      "2 malformed file.");
  cmd->add_option("certificate", flags->file, "certificate file")->required();
  cmd->add_flag("--json", flags->json, "print one JSON object");
  cmd->callback([flags, &status] { status = run_verify(*flags); });
}

}  // namespace gdcert
