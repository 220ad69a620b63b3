#include "run_outputs.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "errors.h"
#include "output_file.h"

namespace bx {

namespace {

bool is_stdout(const std::string& path) { return path == "-"; }

// What a path writes to, as text equal for two names of one file: device and inode of the file,
// or of the folder a new file goes into, and its name. Empty for /dev/null, which takes any number
// of writers.
std::optional<std::string> target_of(const std::string& path) {
    struct stat info {};
    const int found = is_stdout(path) ? fstat(STDOUT_FILENO, &info) : stat(path.c_str(), &info);
    if (found == 0) {
        struct stat null_device {};
        if (S_ISCHR(info.st_mode) && stat("/dev/null", &null_device) == 0 && info.st_rdev == null_device.st_rdev) {
            return std::nullopt;
        }
        return fmt::format("{}:{}", info.st_dev, info.st_ino);
    }
    struct stat folder {};
    if (stat(output_folder(path).c_str(), &folder) == 0) {
        return fmt::format("{}:{}/{}", folder.st_dev, folder.st_ino, output_base_name(path));
    }
    return path;  // no such folder: the run fails when it opens the output
}

}  // namespace

RunOutputs::~RunOutputs() {
    for (const Finished& file : finished_) unlink(file.temporary.c_str());
}

void RunOutputs::declare(std::string option, const std::string& path) {
    declared_.push_back({std::move(option), &path});
}

void RunOutputs::check_distinct() const {
    for (size_t i = 0; i < declared_.size(); ++i) {
        const std::string& first = *declared_[i].path;
        if (first.empty()) continue;
        for (size_t j = i + 1; j < declared_.size(); ++j) {
            const std::string& second = *declared_[j].path;
            if (second.empty()) continue;
            if (is_stdout(first) && is_stdout(second)) {
                throw UsageError(fmt::format("{} and {} both write to stdout ('-'); give one of them a file",
                                             declared_[i].option, declared_[j].option));
            }
            const auto target = target_of(first);
            if (target && target == target_of(second)) {
                throw UsageError(fmt::format("{} and {} write to the same file ({}); give each output its own file",
                                             declared_[i].option, declared_[j].option,
                                             is_stdout(first) ? second : first));
            }
        }
    }
}

void RunOutputs::add_finished(OutputFile& out) {
    if (std::string temporary = out.finish(); !temporary.empty()) finished_.push_back({std::move(temporary), out.target()});
}

void RunOutputs::commit_all() {
    for (size_t i = 0; i < finished_.size(); ++i) {
        if (rename(finished_[i].temporary.c_str(), finished_[i].target.c_str()) != 0) {
            const std::string reason = std::strerror(errno);
            const std::string target = finished_[i].target;
            finished_.erase(finished_.begin(), finished_.begin() + static_cast<std::ptrdiff_t>(i));  // in place
            throw DataError(target, 0, "cannot move the output into place: " + reason);
        }
    }
    finished_.clear();
}

}  // namespace bx
