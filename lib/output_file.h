#pragma once
// Output that never leaves a half-written file: a regular-file target is written to a temporary
// file in the same folder and renamed into place on commit(); stdout, /dev/null, pipes and other
// non-regular targets are written directly. A closed pipe raises BrokenPipe.
#include <string>
#include <string_view>

namespace bx {

class OutputFile {
public:
    explicit OutputFile(const std::string& path);  // "-" or "" means stdout
    ~OutputFile();                                  // removes the temporary file unless committed
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view bytes);
    // Closes the file and puts it in place.
    void commit();
    // Closes the file and hands it over: returns the temporary file that the caller now renames
    // to target() or removes; empty for a target written directly.
    std::string finish();
    const std::string& target() const { return target_; }
    const std::string& display_name() const { return display_name_; }

private:
    std::string target_;
    std::string temp_path_;
    std::string display_name_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool committed_ = false;
};

// The folder an output file is written in ("." for a bare name) and its name in that folder.
std::string output_folder(const std::string& path);
std::string output_base_name(const std::string& path);

}  // namespace bx
