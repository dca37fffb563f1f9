#pragma once
// Items handed from one thread to another that takes them, in order, in
// batches: loadReportInput scans and decrypts the store's records on its
// own thread while a second one decodes and sorts them out
// (from_coordinator.cpp). One taker, first in first out, so what the taker
// builds is what one thread taking the items in order would build.
//
// finish() hands over the last batch, waits until every item is taken and
// rethrows what `take` threw; push() rethrows it as soon as it is known, so
// the producer stops early. Destroyed without finish() (the producer
// threw), the taker stops after its current batch and the rest is dropped.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace spor::report {

template <class T>
class HandOff {
 public:
  explicit HandOff(std::function<void(const T&)> take, std::size_t batch = 4096, std::size_t queued = 4)
      : take_(std::move(take)), batch_(batch > 0 ? batch : 1), queued_(queued > 0 ? queued : 1),
        worker_([this] { run(); }) {
    filling_.reserve(batch_);
  }
  ~HandOff() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abort_ = true;
      done_ = true;
    }
    ready_.notify_all();
    if (worker_.joinable()) worker_.join();
  }
  HandOff(const HandOff&) = delete;
  HandOff& operator=(const HandOff&) = delete;

  void push(T item) {
    filling_.push_back(std::move(item));
    if (filling_.size() >= batch_) hand();
  }

  void finish() {
    if (!filling_.empty()) hand();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    ready_.notify_all();
    if (worker_.joinable()) worker_.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void hand() {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < queued_ || error_; });
    if (error_) {
      const std::exception_ptr e = error_;
      lock.unlock();
      std::rethrow_exception(e);
    }
    queue_.push_back(std::move(filling_));
    filling_ = {};
    filling_.reserve(batch_);
    lock.unlock();
    ready_.notify_one();
  }

  void run() {
    for (;;) {
      std::vector<T> items;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (abort_ || queue_.empty()) return;
        items = std::move(queue_.front());
        queue_.pop_front();
      }
      space_.notify_one();
      try {
        for (const T& item : items) take_(item);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = std::current_exception();
        space_.notify_all();
        return;
      }
    }
  }

  std::function<void(const T&)> take_;
  std::size_t batch_;
  std::size_t queued_;  // batches waiting at most: memory stays bounded
  std::vector<T> filling_;
  std::mutex mutex_;
  std::condition_variable ready_;  // a batch waits, or no more will come
  std::condition_variable space_;  // room in the queue, or the taker failed
  std::deque<std::vector<T>> queue_;
  bool done_ = false;
  bool abort_ = false;
  std::exception_ptr error_;
  std::thread worker_;  // last: it starts when everything above is ready
};

}  // namespace spor::report
