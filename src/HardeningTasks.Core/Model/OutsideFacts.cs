namespace HardeningTasks.Core.Model;

/// <summary>
/// What the compose projects analysed elsewhere hold, for the two rules that judge a project by the whole stack
/// (HRD080: a backup service anywhere; HRD081: an Alertmanager anywhere). An incremental scan analyses parts of the
/// stack on their own and passes the rest as these facts, so each part gets exactly the findings a whole-stack
/// analysis gives it. A plain analysis has none (<see cref="None"/>).
/// </summary>
public sealed record OutsideFacts(bool BackupService, bool AlertmanagerService)
{
    public static readonly OutsideFacts None = new(false, false);

    public OutsideFacts Or(OutsideFacts other) => new(BackupService || other.BackupService, AlertmanagerService || other.AlertmanagerService);
}
