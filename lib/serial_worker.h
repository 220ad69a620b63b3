#pragma once
// One background thread that runs one job at a time: the calling thread hands it a batch of
// work, goes on with its own (reading the next batch, writing the last), and waits for it only
// when it needs the result. Two stages of a pipeline on the machine's two cores.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <utility>
#include <thread>

namespace bx {

class SerialWorker {
public:
    SerialWorker();
    ~SerialWorker();
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    // Starts `job` on the worker; the previous job must have been waited for.
    void submit(std::function<void()> job);
    // Blocks until the current job (if any) is done; rethrows what it threw.
    void wait();

private:
    void loop();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::function<void()> job_;
    bool busy_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;
};

}  // namespace bx
