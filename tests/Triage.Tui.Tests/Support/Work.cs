using Triage.Tui.ViewModels;

namespace Triage.Tui.Tests.Support;

/// <summary>Runs a view-model's background work and applies its result, as the window does on the UI thread.</summary>
internal static class Work
{
    public static async Task RunAsync(Func<CancellationToken, Task<Action>>? work)
    {
        if (work is not null)
        {
            (await work(CancellationToken.None))();
        }
    }

    public static Task KeyAsync(this TuiViewModel vm, string key) => RunAsync(vm.HandleKey(key));

    public static async Task PromptAsync(this TuiViewModel vm, string key, string text)
    {
        await vm.KeyAsync(key);
        await RunAsync(vm.SubmitPrompt(text));
    }

    public static async Task<TuiViewModel> LoadedAsync(TuiSession session)
    {
        var vm = new TuiViewModel(session);
        await RunAsync(vm.Refresh());
        return vm;
    }
}
