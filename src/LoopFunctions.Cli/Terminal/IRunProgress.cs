using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Cli.Terminal;

/// <summary>What a watched run reports as it goes: plain lines (<see cref="ProgressPrinter"/>) or a live view
/// (<see cref="RunView"/>).</summary>
internal interface IRunProgress
{
    /// <summary>The run's custom status, each time it is read (the same status may come again).</summary>
    void Show(LoopStatus status);

    /// <summary>A line the user must act on (how to approve); kept in view until the run ends.</summary>
    void Note(string line);
}
