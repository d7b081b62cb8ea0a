using Azure.Storage.Blobs;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Publishing;
using LoopFunctions.Loops.Workspace;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// <c>outputs.publish</c>: uploads the folder to Blob Storage with a signed provenance record and returns the link.
/// Idempotent: a retried step re-uploads only what differs. The connection string and signing key come from
/// <see cref="LoopRunnerOptions"/>, never from the input, so they are not recorded in the history.
/// </summary>
public sealed class PublishActivity(IHostApplicationLifetime lifetime, IOptions<LoopRunnerOptions> options) : LoopActivity<PublishInput, PublishResult>(lifetime)
{
    protected override async Task<PublishResult> ExecuteAsync(TaskActivityContext context, PublishInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.PublishConnectionString))
        {
            throw new LoopFunctionsException($"outputs.publish needs an Azure Storage connection string: set {nameof(LoopRunnerOptions)}.{nameof(LoopRunnerOptions.PublishConnectionString)} (loopfn: LOOPFN_PUBLISH_CONNECTION or AzureWebJobsStorage).");
        }

        if (string.IsNullOrEmpty(settings.PublishSigningKey))
        {
            throw new LoopFunctionsException($"outputs.publish needs a key to sign the provenance record: set {nameof(LoopRunnerOptions)}.{nameof(LoopRunnerOptions.PublishSigningKey)} (loopfn: LOOPFN_PUBLISH_KEY).");
        }

        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(settings.PublishConnectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // The message of the SDK's exception could echo the connection string; never pass it on.
            throw new LoopFunctionsException($"{nameof(LoopRunnerOptions)}.{nameof(LoopRunnerOptions.PublishConnectionString)} is not a valid Azure Storage connection string.");
        }

        // The branch tip: after commit: on_success the push squashed the iterations into a new commit with the same
        // tree, the one the published folder belongs to.
        var commit = await GitWorkspace.TryTipAsync(input.Workspace, cancellationToken).ConfigureAwait(false) ?? input.Commit;
        var result = await BlobPublisher.PublishAsync(service, input, commit, settings.PublishSigningKey, cancellationToken).ConfigureAwait(false);
        // A private link goes into the run's record (history, status, result) only when the loop shares it there.
        return input.Publish.SharesWith("run") ? result : result with { Url = PublishLinks.Unsigned(result.Url) };
    }
}
