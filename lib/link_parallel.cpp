#include "link_parallel.h"

#include <exception>
#include <thread>

namespace bx {

void run_in_parallel(const std::function<void()>& first, const std::function<void()>& second) {
    std::exception_ptr first_error, second_error;
    std::thread worker([&] {
        try {
            first();
        } catch (...) {
            first_error = std::current_exception();
        }
    });
    try {
        second();
    } catch (...) {
        second_error = std::current_exception();
    }
    worker.join();
    if (first_error) std::rethrow_exception(first_error);
    if (second_error) std::rethrow_exception(second_error);
}

}  // namespace bx
