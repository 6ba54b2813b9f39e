-- Every thread gets its own random sequence, the same from run to run.
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_seed", threads)
end

init = function(args)
  math.randomseed(7919 * thread_seed + @RUN@)
end
