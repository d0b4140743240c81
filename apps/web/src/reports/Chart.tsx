import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only the parts the reports use, so the bundle carries no other chart types.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartSeries {
  name: string;
  kind: 'bar' | 'line';
  values: (number | null)[];
  /** A second y axis (e.g. minutes beside counts). */
  rightAxis?: boolean;
}

interface Props {
  /** Names the chart for screen readers; the table below it has the numbers. */
  label: string;
  categories: string[];
  series: ChartSeries[];
  yLabel?: string;
  rightLabel?: string;
  /** A click on a bar or point: its series index and category index. */
  onSelect?: (series: number, index: number) => void;
  testId?: string;
}

/** An ECharts bar/line chart with a legend and axis names (all text comes translated). */
export function Chart({ label, categories, series, yLabel, rightLabel, onSelect, testId }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;

  useEffect(() => {
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.on('click', (params) => {
      const p = params as { seriesIndex?: number; dataIndex?: number };
      if (p.seriesIndex !== undefined && p.dataIndex !== undefined)
        selectRef.current?.(p.seriesIndex, p.dataIndex);
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const chart = echarts.getInstanceByDom(element.current!);
    if (!chart) return;
    const twoAxes = series.some((s) => s.rightAxis);
    chart.setOption(
      {
        animation: false,
        color: ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2'],
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { fontSize: 13 } },
        grid: { left: 56, right: twoAxes ? 56 : 24, top: 40, bottom: 40 },
        xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true } },
        yAxis: [
          { type: 'value', name: yLabel, minInterval: 1 },
          ...(twoAxes ? [{ type: 'value', name: rightLabel, splitLine: { show: false } }] : []),
        ],
        series: series.map((s) => ({
          name: s.name,
          type: s.kind,
          data: s.values,
          yAxisIndex: s.rightAxis ? 1 : 0,
          connectNulls: true,
          cursor: onSelect ? 'pointer' : 'default',
        })),
      },
      true,
    );
  }, [categories, series, yLabel, rightLabel, onSelect]);

  return (
    <div
      ref={element}
      className="report-chart"
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
