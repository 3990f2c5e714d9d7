"""Training and scoring on tabular CRM exports (any columns, one binary outcome)."""

from ghl_real_estate_ai.learning.tabular.columns import ColumnKind, ColumnPlan, plan_columns
from ghl_real_estate_ai.learning.tabular.table import Table, read_csv_table
from ghl_real_estate_ai.learning.tabular.trainer import TrainedModel, evaluate_model, train_model

__all__ = [
    "ColumnKind",
    "ColumnPlan",
    "Table",
    "TrainedModel",
    "evaluate_model",
    "plan_columns",
    "read_csv_table",
    "train_model",
]
