#include "ui/model/worker.hpp"

namespace spor::ui {

ThreadWorker::~ThreadWorker() {
  if (thread_.joinable()) thread_.join();
}

void ThreadWorker::run(std::function<void()> job) {
  // One job at a time: the model starts the next only after taking the
  // last one's outcome, so this join returns at once.
  if (thread_.joinable()) thread_.join();
  thread_ = std::thread([work = std::move(job), done = onDone_] {
    work();
    if (done) done();
  });
}

int ManualWorker::runPending() {
  int n = 0;
  while (!jobs_.empty()) {
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    job();
    ++n;
  }
  return n;
}

}  // namespace spor::ui
