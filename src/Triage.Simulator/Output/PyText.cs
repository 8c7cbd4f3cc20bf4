using System.Globalization;
using Triage.Simulator.Model;

namespace Triage.Simulator.Output;

/// <summary>Python tracebacks and faulthandler dumps of the training script (Megatron-LM layout).</summary>
internal static class PyText
{
    private const string Site = "/usr/local/lib/python3.10/dist-packages";
    private const string Mega = "/workspace/megatron";

    private static readonly string[][] TrainHead =
    [
        [$"{Mega}/pretrain_gpt.py", "241", "<module>", "pretrain(train_valid_test_datasets_provider,"],
        [$"{Mega}/megatron/training/training.py", "349", "pretrain", "iteration, num_floating_point_operations_so_far = train("],
        [$"{Mega}/megatron/training/training.py", "1247", "train", "train_step(forward_step_func,"],
    ];

    /// <summary>Innermost frames by where the error surfaced.</summary>
    private static readonly string[][][] Tails =
    [
        [
            [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "1351", "forward_backward_pipelining_without_interleaving", "output_tensor, num_tokens = forward_step("],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "290", "forward_step", "outputs = loss_func(output_tensor)"],
            [$"{Mega}/pretrain_gpt.py", "153", "loss_func", "loss = torch.sum(losses.view(-1) * loss_mask)"],
        ],
        [
            [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "1393", "forward_backward_pipelining_without_interleaving", "input_tensor_grad = backward_step("],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "334", "backward_step", "torch.autograd.backward(output_tensor[0], grad_tensors=output_tensor_grad[0])"],
            [$"{Site}/torch/autograd/__init__.py", "267", "backward", "_engine_run_backward("],
            [$"{Site}/torch/autograd/graph.py", "744", "_engine_run_backward", "return Variable._execution_engine.run_backward(  # Calls into the C++ engine to run the backward pass"],
        ],
        [
            [$"{Mega}/megatron/training/training.py", "714", "train_step", "update_successful, grad_norm, num_zeros_in_grad = optimizer.step()"],
            [$"{Mega}/megatron/core/optimizer/optimizer.py", "433", "step", "grad_norm = self.clip_grad_norm(self.config.clip_grad)"],
            [$"{Mega}/megatron/core/optimizer/clip_grads.py", "111", "get_grad_norm_fp32", "total_norm = torch.sum(grad_norm ** norm_type)"],
        ],
        [
            [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "274", "forward_step", "output_tensor, loss_func = forward_step_func(data_iterator, model)"],
            [$"{Mega}/megatron/core/transformer/transformer_layer.py", "303", "forward", "attention_output_with_bias = self.self_attention("],
            [$"{Mega}/megatron/core/tensor_parallel/layers.py", "612", "forward", "output_parallel = self._forward_impl(input=input_parallel, weight=weight)"],
        ],
    ];

    private static readonly string[][] EmbeddingTail =
    [
        [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
        [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "274", "forward_step", "output_tensor, loss_func = forward_step_func(data_iterator, model)"],
        [$"{Mega}/megatron/core/models/common/embeddings/language_model_embedding.py", "104", "forward", "word_embeddings = self.word_embeddings(input_ids)"],
        [$"{Mega}/megatron/core/tensor_parallel/layers.py", "251", "forward", "output_parallel = self.weight[masked_input]"],
    ];

    private static readonly string[][] NanTail =
    [
        [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
        [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "1433", "forward_backward_pipelining_without_interleaving", "config.finalize_model_grads_func("],
        [$"{Mega}/megatron/core/distributed/finalize_model_grads.py", "146", "finalize_model_grads", "model_chunk.finish_grad_sync()"],
        [$"{Mega}/megatron/core/distributed/param_and_grad_buffer.py", "173", "check_for_nan_in_grad", "assert not norm.isnan().item(), ("],
    ];

    public static void Traceback(Entry e, string prefix, int variant, string exception, Label label, bool exceptionIsSymptom)
    {
        e.Add(prefix + "Traceback (most recent call last):", label);
        Frames(e, prefix, TrainHead);
        Frames(e, prefix, Tails[variant % Tails.Length]);
        e.Add(prefix + exception, exceptionIsSymptom ? label : null);
    }

    public static void EmbeddingTraceback(Entry e, string prefix, string exception, Label label)
    {
        e.Add(prefix + "Traceback (most recent call last):", label);
        Frames(e, prefix, TrainHead);
        Frames(e, prefix, EmbeddingTail);
        e.Add(prefix + exception, label);
    }

    public static void NanTraceback(Entry e, string prefix, int rank, int device, string host, Label label)
    {
        e.Add(prefix + "Traceback (most recent call last):", label);
        Frames(e, prefix, TrainHead);
        Frames(e, prefix, NanTail);
        e.Add(prefix + string.Create(CultureInfo.InvariantCulture, $"AssertionError: Rank {rank}: found NaN in local grad norm in backward pass before data-parallel communication collective. Device: {device}, node: {host}"), label);
    }

    public static void DataLoaderKilled(Entry e, string prefix, int workerPid, Label label)
    {
        var pid = workerPid.ToString(CultureInfo.InvariantCulture);
        e.Add(prefix + "Traceback (most recent call last):", label);
        Frames(e, prefix,
        [
            [$"{Site}/torch/utils/data/dataloader.py", "1133", "_try_get_data", "data = self._data_queue.get(timeout=timeout)"],
            ["/usr/lib/python3.10/multiprocessing/queues.py", "113", "get", "if not self._poll(timeout):"],
            ["/usr/lib/python3.10/multiprocessing/connection.py", "257", "poll", "return self._poll(timeout)"],
            ["/usr/lib/python3.10/multiprocessing/connection.py", "424", "_poll", "r = wait([self], timeout)"],
            ["/usr/lib/python3.10/multiprocessing/connection.py", "931", "wait", "ready = selector.select(timeout)"],
            ["/usr/lib/python3.10/selectors.py", "416", "select", "fd_event_list = self._selector.poll(timeout)"],
            [$"{Site}/torch/utils/data/_utils/signal_handling.py", "67", "handler", "_error_if_any_worker_fails()"],
        ]);
        e.Add(prefix + "RuntimeError: DataLoader worker (pid " + pid + ") is killed by signal: Killed. ");
        e.Add(prefix);
        e.Add(prefix + "The above exception was the direct cause of the following exception:");
        e.Add(prefix);
        e.Add(prefix + "Traceback (most recent call last):", label);
        Frames(e, prefix, TrainHead);
        Frames(e, prefix,
        [
            [$"{Mega}/megatron/training/training.py", "688", "train_step", "losses_reduced = forward_backward_func("],
            [$"{Mega}/pretrain_gpt.py", "171", "forward_step", "tokens, labels, loss_mask, attention_mask, position_ids = get_batch("],
            [$"{Mega}/megatron/training/utils.py", "286", "get_batch_on_this_tp_rank", "data = next(data_iterator)"],
            [$"{Site}/torch/utils/data/dataloader.py", "631", "__next__", "data = self._next_data()"],
            [$"{Site}/torch/utils/data/dataloader.py", "1329", "_next_data", "idx, data = self._get_data()"],
            [$"{Site}/torch/utils/data/dataloader.py", "1295", "_get_data", "success, data = self._try_get_data()"],
            [$"{Site}/torch/utils/data/dataloader.py", "1146", "_try_get_data", "raise RuntimeError(f'DataLoader worker (pid(s) {pids_str}) exited unexpectedly') from e"],
        ]);
        e.Add(prefix + "RuntimeError: DataLoader worker (pid(s) " + pid + ") exited unexpectedly");
    }

    public static void Uploader(Entry e, string prefix, Label label)
    {
        // The label is on the thread's header: the extractor reads the header and the traceback under it
        // as one warning (rules/python.yaml, python.thread_exception).
        e.Add(prefix + "Exception in thread Thread-3 (_upload_loop):", label);
        e.Add(prefix + "Traceback (most recent call last):");
        Frames(e, prefix,
        [
            ["/usr/lib/python3.10/threading.py", "1016", "_bootstrap_inner", "self.run()"],
            ["/usr/lib/python3.10/threading.py", "953", "run", "self._target(*self._args, **self._kwargs)"],
            [$"{Mega}/tools/metrics_uploader.py", "57", "_upload_loop", "resp = self._session.post(self._url, json=batch, timeout=10)"],
            [$"{Site}/requests/sessions.py", "637", "post", "return self.request(\"POST\", url, data=data, json=json, **kwargs)"],
            [$"{Site}/requests/adapters.py", "501", "send", "raise ConnectionError(err, request=request)"],
        ]);
        e.Add(prefix + "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))");
    }

    /// <summary>faulthandler's dump: the crashing thread and one other, in either order.</summary>
    public static void Faulthandler(Entry e, string prefix, string error, bool currentFirst, ulong threadSeed, bool background, Label label)
    {
        var current = string.Create(CultureInfo.InvariantCulture, $"0x{0x7f3b5c4b8740UL + (threadSeed % 0xffff * 0x1000):x16}");
        var other = string.Create(CultureInfo.InvariantCulture, $"0x{0x7f39a17fe640UL + (threadSeed % 0xfff * 0x10000):x16}");
        string[][] mainFrames =
        [
            [$"{Site}/torch/autograd/graph.py", "744", "_engine_run_backward"],
            [$"{Site}/torch/autograd/__init__.py", "267", "backward"],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "334", "backward_step"],
            [$"{Mega}/megatron/core/pipeline_parallel/schedules.py", "1393", "forward_backward_pipelining_without_interleaving"],
            [$"{Mega}/megatron/training/training.py", "688", "train_step"],
            [$"{Mega}/megatron/training/training.py", "1247", "train"],
            [$"{Mega}/megatron/training/training.py", "349", "pretrain"],
            [$"{Mega}/pretrain_gpt.py", "241", "<module>"],
        ];
        string[][] backgroundFrames =
        [
            [$"{Mega}/megatron/core/dist_checkpointing/strategies/filesystem_async.py", "212", "write_preloaded_data"],
            [$"{Mega}/megatron/core/dist_checkpointing/strategies/filesystem_async.py", "175", "write_preloaded_data_multiproc"],
            ["/usr/lib/python3.10/threading.py", "953", "run"],
            ["/usr/lib/python3.10/threading.py", "1016", "_bootstrap_inner"],
            ["/usr/lib/python3.10/threading.py", "973", "_bootstrap"],
        ];
        string[][] idleFrames =
        [
            ["/usr/lib/python3.10/threading.py", "324", "wait"],
            ["/usr/lib/python3.10/threading.py", "607", "wait"],
            [$"{Site}/tqdm/_monitor.py", "60", "run"],
            ["/usr/lib/python3.10/threading.py", "1016", "_bootstrap_inner"],
            ["/usr/lib/python3.10/threading.py", "973", "_bootstrap"],
        ];
        e.Add(prefix + "Fatal Python error: " + error, label);
        e.Add(prefix);
        var crashing = background ? backgroundFrames : mainFrames;
        var others = background ? mainFrames : idleFrames;
        if (currentFirst)
        {
            FaultThread(e, prefix, "Current thread " + current, crashing);
            FaultThread(e, prefix, "Thread " + other, others);
        }
        else
        {
            FaultThread(e, prefix, "Thread " + other, others);
            FaultThread(e, prefix, "Current thread " + current, crashing);
        }

        e.Add(prefix + "Extension modules: numpy.core._multiarray_umath, numpy.core._multiarray_tests, numpy.linalg._umath_linalg, torch._C, torch._C._fft, torch._C._linalg, torch._C._nn, torch._C._sparse, torch._C._special, apex_C, transformer_engine_torch (total: 31)");
    }

    private static void FaultThread(Entry e, string prefix, string header, string[][] frames)
    {
        e.Add(prefix + header + " (most recent call first):");
        foreach (var f in frames)
        {
            e.Add(prefix + "  File \"" + f[0] + "\", line " + f[1] + " in " + f[2]);
        }

        e.Add(prefix);
    }

    private static void Frames(Entry e, string prefix, string[][] frames)
    {
        foreach (var f in frames)
        {
            e.Add(prefix + "  File \"" + f[0] + "\", line " + f[1] + ", in " + f[2]);
            e.Add(prefix + "    " + f[3]);
        }
    }
}
