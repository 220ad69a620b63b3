#include "output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"

namespace bx {

std::string output_folder(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string output_base_name(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

namespace {

mode_t default_file_mode() {
    const mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

[[noreturn]] void fail_io(const std::string& file, const std::string& what) {
    throw DataError(file, 0, what + ": " + std::strerror(errno));
}

}  // namespace

OutputFile::OutputFile(const std::string& path) : target_(path) {
    if (path.empty() || path == "-") {
        display_name_ = "<stdout>";
        fd_ = STDOUT_FILENO;
        return;
    }
    display_name_ = path;
    struct stat info {};
    if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        // /dev/stdout, /dev/null, a named pipe: write in place, never replace.
        fd_ = open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) fail_io(path, "cannot open for writing");
        owns_fd_ = true;
        return;
    }
    temp_path_ = output_folder(path) + "/." + output_base_name(path) + ".tmp-XXXXXX";
    fd_ = mkstemp(temp_path_.data());
    if (fd_ < 0) {
        temp_path_.clear();
        fail_io(path, "cannot create a temporary file beside the output");
    }
    owns_fd_ = true;
    fchmod(fd_, default_file_mode());
}

OutputFile::~OutputFile() {
    if (owns_fd_ && fd_ >= 0) close(fd_);
    if (!temp_path_.empty() && !committed_) unlink(temp_path_.c_str());
}

void OutputFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) throw BrokenPipe();
            fail_io(display_name_, "write failed");
        }
        bytes.remove_prefix(static_cast<size_t>(written));
    }
}

void OutputFile::commit() {
    if (committed_) return;
    const std::string finished = finish();
    if (!finished.empty() && rename(finished.c_str(), target_.c_str()) != 0) {
        const int error = errno;
        unlink(finished.c_str());
        errno = error;
        fail_io(display_name_, "cannot move the output into place");
    }
}

std::string OutputFile::finish() {
    if (committed_) return {};
    if (temp_path_.empty()) {
        committed_ = true;
        return {};
    }
    const int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) fail_io(display_name_, "cannot close output");  // the destructor removes it
    committed_ = true;
    return temp_path_;
}

}  // namespace bx
