#pragma once
// Slow work off the UI thread. Argon2id takes about 0.5 s on a PC and
// several seconds on a cheap ARM board; while it runs the screen must stay
// alive (a spinner, "Låser op …"). The model hands a job to a Worker and
// picks up its outcome in tick(); the job owns everything it touches (the
// device store is moved into it and back), so nothing is shared between
// threads.
//
//   ThreadWorker   the app: each job on its own std::thread; `onDone` (the
//                  event loop's wake-up) runs on that thread after the job
//   InlineWorker   the default: runs the job at once, inside run() (the CLI,
//                  and model tests that do not care about the waiting)
//   ManualWorker   tests: keeps jobs until runPending(), so a test can look
//                  at the model while a job is "running", without timing
#include <deque>
#include <functional>
#include <thread>

namespace spor::ui {

class Worker {
 public:
  virtual ~Worker() = default;
  // Runs `job` (on another thread, at once, or later). The job must not
  // touch the model or anything the UI thread uses.
  virtual void run(std::function<void()> job) = 0;
};

class InlineWorker final : public Worker {
 public:
  void run(std::function<void()> job) override { job(); }
};

class ThreadWorker final : public Worker {
 public:
  explicit ThreadWorker(std::function<void()> onDone = {}) : onDone_(std::move(onDone)) {}
  ~ThreadWorker() override;  // waits for a running job (a quit during an unlock waits for it)
  ThreadWorker(const ThreadWorker&) = delete;
  ThreadWorker& operator=(const ThreadWorker&) = delete;

  void run(std::function<void()> job) override;

 private:
  std::function<void()> onDone_;
  std::thread thread_;
};

class ManualWorker final : public Worker {
 public:
  void run(std::function<void()> job) override { jobs_.push_back(std::move(job)); }
  // Runs every job handed over so far, in order; returns how many ran.
  int runPending();
  [[nodiscard]] std::size_t pending() const { return jobs_.size(); }

 private:
  std::deque<std::function<void()>> jobs_;
};

}  // namespace spor::ui
