using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Agents;

/// <summary>One agent step: reset the tree to the iteration's head commit, run the agent confined, report what it spent.</summary>
/// <remarks>The reset makes the step repeatable: after a crash the retried step starts from exactly the same tree, and
/// whatever the crashed attempt left running is killed first.
/// <para>The agent's transcript goes to the <see cref="Agents.Transcripts.ITranscriptStore"/> under the instance's id,
/// never into the step's result.</para>
/// <para>A pooled step first checks that its pool still holds its reservation (<see cref="Budget.IBudgetPoolReader"/>);
/// when not (a rewind released the run's holds), it does not run and says so in its result.</para></remarks>
public sealed class RunAgentActivity(IHostApplicationLifetime lifetime, AgentFactory agents, IOptions<LoopRunnerOptions> options, Agents.Transcripts.ITranscriptStore transcripts, Budget.IBudgetPoolReader pools) : LoopActivity<AgentStepInput, AgentStepResult>(lifetime)
{
    protected override Task<AgentStepResult> ExecuteAsync(TaskActivityContext context, AgentStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return AgentStep.RunAsync(input, agents, options.Value, new Agents.Transcripts.TranscriptTarget(transcripts, context.InstanceId), cancellationToken, pools);
    }
}
